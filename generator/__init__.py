"""papercards: raw paper listings + curator annotations -> Markdown pages for MkDocs."""
