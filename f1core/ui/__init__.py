"""The only Streamlit code in f1core: cached wrappers, the shared sidebar, session-state keys."""
