// libolecf (Debian libolecf-dev, LGPL-3+): OLE2 compound files (.msg), storages and streams.
#include <libolecf.h>
