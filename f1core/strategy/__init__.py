"""Strategy lab: tyre degradation, pit loss, a full-field race simulator and a pit-stop optimiser."""
