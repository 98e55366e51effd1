"""The connector model: the ``imconnector.register`` parameters, the profile file, their checks,
the help shown for each parameter and the request exported as curl / PHP / JS."""
