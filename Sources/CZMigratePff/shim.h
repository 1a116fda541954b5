// libpff (Debian libpff-dev, LGPL-3+): PST/OST/PAB files, every record entry by tag.
// features.h asks for libbfio's header (the *_file_io_handle functions), which libpff-dev does
// not pull in and zmigrate does not use: include features.h first and withdraw the request.
#include <libpff/features.h>
#undef LIBPFF_HAVE_BFIO
#include <libpff.h>
