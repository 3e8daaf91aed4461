"""Text to model: everything `check` runs (front matter, body, rules, the report). No HTML, no MkDocs."""
