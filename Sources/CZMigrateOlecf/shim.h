// libolecf (Debian libolecf-dev, LGPL-3+): OLE2 compound files (.msg), storages and streams.
// libolecf.h includes libbfio.h (libbfio-dev, not installed) only for the file-IO-handle
// functions, which zmigrate does not use: switch them off before the header is read.
#include <libolecf/features.h>
#undef LIBOLECF_HAVE_BFIO
#include <libolecf.h>
