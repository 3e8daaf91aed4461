"""What leaves the site: link previews, social cards, the feed. No MkDocs."""
