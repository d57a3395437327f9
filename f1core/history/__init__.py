"""Championship history since 1950: names across sources, points systems, seasons, title race, profiles."""
