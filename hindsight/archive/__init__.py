"""Pages across postmortems: browse, stats, action items. No MkDocs."""
