#ifndef GITSOPS_CGIT2_SHIM_H
#define GITSOPS_CGIT2_SHIM_H
#include <git2.h>
// git_repository_set_index: lets a hook's GIT_INDEX_FILE (e.g. `git commit -a`'s index.lock) be read.
#include <git2/sys/repository.h>
#endif
