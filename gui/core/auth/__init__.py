"""Authorisation: the OAuth server, the browser login, tokens in the OS keyring and the
expiry → refresh → persist → retry rule."""
