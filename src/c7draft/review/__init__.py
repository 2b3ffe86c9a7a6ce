"""Reviews: marks and matching (``match``), the word-level diff (``worddiff``), the
three-way merge of a reviewed .docx into the records (``pull``), and what changed between
two versions of a submission as a report or Word tracked changes (``compare``, ``redline``)."""
