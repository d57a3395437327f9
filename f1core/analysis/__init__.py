"""Session analysis: pure functions over store frames (laps, telemetry, weather, race control)."""
