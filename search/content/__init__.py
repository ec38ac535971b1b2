"""Case files as data: the Case model, reading, the closed lists, validation rules, scaffold and glossary."""
