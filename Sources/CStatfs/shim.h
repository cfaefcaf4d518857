// statfs(2), which Swift's Glibc module does not export.
#include <sys/vfs.h>
