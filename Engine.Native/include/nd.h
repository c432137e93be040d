/* Vidrio's nd.h (enum nd_type, struct nd): mex sources include it before tiff.reader.api.h. */
#include "scanimagetiffreader.h"
