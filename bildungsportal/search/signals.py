"""Keep search documents and the index version in step with the catalog."""
