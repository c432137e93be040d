"""Compatibility shim: ``from ScanImageTiffReader import ScanImageTiffReader`` keeps working when
this distribution (scanimagetiff) is installed instead of Vidrio's scanimage-tiff-reader.
Do not install both: they provide the same top-level name."""

from scanimagetiff.ScanImageTiffReader import ScanImageTiffReader, _typemap_, api_version  # noqa: F401


def __getattr__(name):
    if name == "__version__":
        return api_version()
    raise AttributeError(name)
