"""One postmortem's page: its components, its outage diagram, and how the page is composed. No MkDocs."""
