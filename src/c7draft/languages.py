"""The proofing languages a submission may be written in: the six official UN languages,
as Word names them. British English is UN house style and the shipped reference's default.

A module of its own because the CLI lists them in its help, and the CLI's start-up
imports nothing it does not need.
"""

LANGUAGES = ("en-GB", "fr-FR", "es-ES", "ru-RU", "zh-CN", "ar-SA")
DEFAULT_LANGUAGE = "en-GB"
