"""The logged-in workspace: city profiles, departments, stakeholders, people, pairings,
programmes. Every view checks its permission through ``access.rules`` before reading a
form; a refused write answers 403 and changes nothing."""
