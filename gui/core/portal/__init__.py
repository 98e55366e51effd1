"""Talking to a portal: its address, the one HTTP transport, the REST client that turns every
answer into one typed outcome, the error catalogue, and the typed onboarding methods."""
