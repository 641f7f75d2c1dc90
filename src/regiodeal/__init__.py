"""regiodeal: the covenant of a Regio Deal as data."""
