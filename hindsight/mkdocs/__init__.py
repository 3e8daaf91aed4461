"""Everything that knows MkDocs, Material or mkdocs-macros; the files in hooks/ only import it."""
