"""The search engine: Dutch analysis, index documents, the Whoosh store and queries. The only home of `whoosh`."""
