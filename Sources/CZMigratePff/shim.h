// libpff (Debian libpff-dev, LGPL-3+): PST/OST/PAB files, every record entry by tag.
#include <libpff.h>
