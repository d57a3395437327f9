"""Race engineer chat: retrieval over a Chroma index, store facts, Groq tool calling."""
