"""Publication: dumps, the DCAT-AP catalogue, VoID, sitemaps, the harvest self-check (see the modules)."""
