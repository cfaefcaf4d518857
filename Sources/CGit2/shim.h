#ifndef GITSOPS_CGIT2_SHIM_H
#define GITSOPS_CGIT2_SHIM_H
#include <git2.h>
#endif
