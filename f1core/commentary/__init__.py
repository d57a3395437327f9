"""Race commentary: events detected from the store, told by templates or by Groq, every claim checked."""
