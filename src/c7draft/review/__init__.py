"""Reviews: what changed between two versions of a submission (`diff`) and a reviewed .docx
back into the records (`pull`), sharing paragraph-to-record matching and the word diff."""
