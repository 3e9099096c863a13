"""Helm charts: reading chart trees, rendering them with Helm's engine, and mapping rendered
objects back to the template and values lines that produced them."""
