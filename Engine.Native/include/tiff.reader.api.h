/* Vidrio's header name: code that does #include <tiff.reader.api.h> builds unchanged against libscanimagetiff. */
#include "scanimagetiffreader.h"
