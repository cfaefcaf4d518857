#ifndef GITSOPS_CGIT2_SHIM_H
#define GITSOPS_CGIT2_SHIM_H
#include <git2.h>

/// git_libgit2_opts is variadic, which Swift cannot call: the one option gitsops sets. libgit2
/// re-hashes every object it reads (SHA-1DC, a third of a cached clean); git's checkout does not.
static inline int gitsops_git_skip_hash_verification(void) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}
#endif
