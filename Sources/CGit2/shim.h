#ifndef GITSOPS_CGIT2_SHIM_H
#define GITSOPS_CGIT2_SHIM_H
// libgit2's types and constants come from its header; its functions are resolved at run time
// (Platform's DynamicLibrary loads it, gitsops_git2_fill takes its functions), as libcurl's are: linking libgit2 costs every process start ~1 ms
// for the ~14 shared libraries it pulls in (Kerberos, mbedTLS, libssh2, PCRE, ...), and commands such
// as `gitsops decrypt` or `--version` never open a repository.
//
// Each function gitsops calls is declared by git2.h under another name (never defined or linked)
// and defined below under its own name, as a call through the table Repository loads
// (`gitsops_git2_table`, defined in Swift), so Swift code calls libgit2 as usual.
#include <stddef.h>

/// The libgit2 functions gitsops uses: X(return type, name, parameters, arguments).
#define GITSOPS_GIT2_FUNCTIONS(X) \
    X(int, git_attr_get_ext, (const char **value_out, git_repository *repo, git_attr_options *opts, const char *path, const char *name), (value_out, repo, opts, path, name)) \
    X(git_attr_value_t, git_attr_value, (const char *attr), (attr)) \
    X(int, git_blob_create_from_buffer, (git_oid *id, git_repository *repo, const void *buffer, size_t len), (id, repo, buffer, len)) \
    X(const void *, git_blob_rawcontent, (const git_blob *blob), (blob)) \
    X(git_object_size_t, git_blob_rawsize, (const git_blob *blob), (blob)) \
    X(void, git_buf_dispose, (git_buf *buffer), (buffer)) \
    X(const git_oid *, git_commit_parent_id, (const git_commit *commit, unsigned int n), (commit, n)) \
    X(unsigned int, git_commit_parentcount, (const git_commit *commit), (commit)) \
    X(const char *, git_commit_summary, (git_commit *commit), (commit)) \
    X(const git_oid *, git_commit_tree_id, (const git_commit *commit), (commit)) \
    X(int, git_config_delete_entry, (git_config *cfg, const char *name), (cfg, name)) \
    X(void, git_config_free, (git_config *cfg), (cfg)) \
    X(int, git_config_get_string_buf, (git_buf *out, const git_config *cfg, const char *name), (out, cfg, name)) \
    X(int, git_config_open_level, (git_config **out, const git_config *parent, git_config_level_t level), (out, parent, level)) \
    X(int, git_config_set_string, (git_config *cfg, const char *name, const char *value), (cfg, name, value)) \
    X(int, git_config_snapshot, (git_config **out, git_config *config), (out, config)) \
    X(void, git_diff_free, (git_diff *diff), (diff)) \
    X(const git_diff_delta *, git_diff_get_delta, (const git_diff *diff, size_t idx), (diff, idx)) \
    X(size_t, git_diff_num_deltas, (const git_diff *diff), (diff)) \
    X(int, git_diff_tree_to_tree, (git_diff **diff, git_repository *repo, git_tree *old_tree, git_tree *new_tree, const git_diff_options *opts), (diff, repo, old_tree, new_tree, opts)) \
    X(const git_error *, git_error_last, (void), ()) \
    X(int, git_index_add, (git_index *index, const git_index_entry *source_entry), (index, source_entry)) \
    X(size_t, git_index_entrycount, (const git_index *index), (index)) \
    X(void, git_index_free, (git_index *index), (index)) \
    X(const git_index_entry *, git_index_get_byindex, (git_index *index, size_t n), (index, n)) \
    X(const git_index_entry *, git_index_get_bypath, (git_index *index, const char *path, int stage), (index, path, stage)) \
    X(int, git_index_open, (git_index **out, const char *index_path), (out, index_path)) \
    X(int, git_index_read, (git_index *index, int force), (index, force)) \
    X(int, git_index_write, (git_index *index), (index)) \
    X(int, git_libgit2_init, (void), ()) \
    X(void, git_object_free, (git_object *object), (object)) \
    X(const git_oid *, git_object_id, (const git_object *obj), (obj)) \
    X(int, git_object_lookup, (git_object **object, git_repository *repo, const git_oid *id, git_object_t type), (object, repo, id, type)) \
    X(git_object_t, git_object_type, (const git_object *obj), (obj)) \
    X(int, git_odb_add_disk_alternate, (git_odb *odb, const char *path), (odb, path)) \
    X(int, git_odb_exists, (git_odb *db, const git_oid *id), (db, id)) \
    X(void, git_odb_free, (git_odb *db), (db)) \
    X(int, git_odb_hash, (git_oid *out, const void *data, size_t len, git_object_t type), (out, data, len, type)) \
    X(int, git_odb_read_header, (size_t *len_out, git_object_t *type_out, git_odb *db, const git_oid *id), (len_out, type_out, db, id)) \
    X(int, git_reference_list, (git_strarray *array, git_repository *repo), (array, repo)) \
    X(const char *, git_repository_commondir, (const git_repository *repo), (repo)) \
    X(int, git_repository_config, (git_config **out, git_repository *repo), (out, repo)) \
    X(void, git_repository_free, (git_repository *repo), (repo)) \
    X(int, git_repository_index, (git_index **out, git_repository *repo), (out, repo)) \
    X(int, git_repository_odb, (git_odb **out, git_repository *repo), (out, repo)) \
    X(int, git_repository_open_ext, (git_repository **out, const char *path, unsigned int flags, const char *ceiling_dirs), (out, path, flags, ceiling_dirs)) \
    X(const char *, git_repository_path, (const git_repository *repo), (repo)) \
    X(int, git_repository_set_workdir, (git_repository *repo, const char *workdir, int update_gitlink), (repo, workdir, update_gitlink)) \
    X(const char *, git_repository_workdir, (const git_repository *repo), (repo)) \
    X(int, git_revparse_single, (git_object **out, git_repository *repo, const char *spec), (out, repo, spec)) \
    X(void, git_strarray_dispose, (git_strarray *array), (array)) \
    X(git_filemode_t, git_tree_entry_filemode, (const git_tree_entry *entry), (entry)) \
    X(const git_oid *, git_tree_entry_id, (const git_tree_entry *entry), (entry)) \
    X(const char *, git_tree_entry_name, (const git_tree_entry *entry), (entry)) \
    X(git_object_t, git_tree_entry_type, (const git_tree_entry *entry), (entry)) \
    X(int, git_tree_walk, (const git_tree *tree, git_treewalk_mode mode, git_treewalk_cb callback, void *payload), (tree, mode, callback, payload))

#define git_attr_get_ext gitsops_git2_declared_git_attr_get_ext
#define git_attr_value gitsops_git2_declared_git_attr_value
#define git_blob_create_from_buffer gitsops_git2_declared_git_blob_create_from_buffer
#define git_blob_rawcontent gitsops_git2_declared_git_blob_rawcontent
#define git_blob_rawsize gitsops_git2_declared_git_blob_rawsize
#define git_buf_dispose gitsops_git2_declared_git_buf_dispose
#define git_commit_parent_id gitsops_git2_declared_git_commit_parent_id
#define git_commit_parentcount gitsops_git2_declared_git_commit_parentcount
#define git_commit_summary gitsops_git2_declared_git_commit_summary
#define git_commit_tree_id gitsops_git2_declared_git_commit_tree_id
#define git_config_delete_entry gitsops_git2_declared_git_config_delete_entry
#define git_config_free gitsops_git2_declared_git_config_free
#define git_config_get_string_buf gitsops_git2_declared_git_config_get_string_buf
#define git_config_open_level gitsops_git2_declared_git_config_open_level
#define git_config_set_string gitsops_git2_declared_git_config_set_string
#define git_config_snapshot gitsops_git2_declared_git_config_snapshot
#define git_diff_free gitsops_git2_declared_git_diff_free
#define git_diff_get_delta gitsops_git2_declared_git_diff_get_delta
#define git_diff_num_deltas gitsops_git2_declared_git_diff_num_deltas
#define git_diff_tree_to_tree gitsops_git2_declared_git_diff_tree_to_tree
#define git_error_last gitsops_git2_declared_git_error_last
#define git_index_add gitsops_git2_declared_git_index_add
#define git_index_entrycount gitsops_git2_declared_git_index_entrycount
#define git_index_free gitsops_git2_declared_git_index_free
#define git_index_get_byindex gitsops_git2_declared_git_index_get_byindex
#define git_index_get_bypath gitsops_git2_declared_git_index_get_bypath
#define git_index_open gitsops_git2_declared_git_index_open
#define git_index_read gitsops_git2_declared_git_index_read
#define git_index_write gitsops_git2_declared_git_index_write
#define git_libgit2_init gitsops_git2_declared_git_libgit2_init
#define git_object_free gitsops_git2_declared_git_object_free
#define git_object_id gitsops_git2_declared_git_object_id
#define git_object_lookup gitsops_git2_declared_git_object_lookup
#define git_object_type gitsops_git2_declared_git_object_type
#define git_odb_add_disk_alternate gitsops_git2_declared_git_odb_add_disk_alternate
#define git_odb_exists gitsops_git2_declared_git_odb_exists
#define git_odb_free gitsops_git2_declared_git_odb_free
#define git_odb_hash gitsops_git2_declared_git_odb_hash
#define git_odb_read_header gitsops_git2_declared_git_odb_read_header
#define git_reference_list gitsops_git2_declared_git_reference_list
#define git_repository_commondir gitsops_git2_declared_git_repository_commondir
#define git_repository_config gitsops_git2_declared_git_repository_config
#define git_repository_free gitsops_git2_declared_git_repository_free
#define git_repository_index gitsops_git2_declared_git_repository_index
#define git_repository_odb gitsops_git2_declared_git_repository_odb
#define git_repository_open_ext gitsops_git2_declared_git_repository_open_ext
#define git_repository_path gitsops_git2_declared_git_repository_path
#define git_repository_set_workdir gitsops_git2_declared_git_repository_set_workdir
#define git_repository_workdir gitsops_git2_declared_git_repository_workdir
#define git_revparse_single gitsops_git2_declared_git_revparse_single
#define git_strarray_dispose gitsops_git2_declared_git_strarray_dispose
#define git_tree_entry_filemode gitsops_git2_declared_git_tree_entry_filemode
#define git_tree_entry_id gitsops_git2_declared_git_tree_entry_id
#define git_tree_entry_name gitsops_git2_declared_git_tree_entry_name
#define git_tree_entry_type gitsops_git2_declared_git_tree_entry_type
#define git_tree_walk gitsops_git2_declared_git_tree_walk
#define git_libgit2_opts gitsops_git2_declared_git_libgit2_opts
#include <git2.h>
#undef git_attr_get_ext
#undef git_attr_value
#undef git_blob_create_from_buffer
#undef git_blob_rawcontent
#undef git_blob_rawsize
#undef git_buf_dispose
#undef git_commit_parent_id
#undef git_commit_parentcount
#undef git_commit_summary
#undef git_commit_tree_id
#undef git_config_delete_entry
#undef git_config_free
#undef git_config_get_string_buf
#undef git_config_open_level
#undef git_config_set_string
#undef git_config_snapshot
#undef git_diff_free
#undef git_diff_get_delta
#undef git_diff_num_deltas
#undef git_diff_tree_to_tree
#undef git_error_last
#undef git_index_add
#undef git_index_entrycount
#undef git_index_free
#undef git_index_get_byindex
#undef git_index_get_bypath
#undef git_index_open
#undef git_index_read
#undef git_index_write
#undef git_libgit2_init
#undef git_object_free
#undef git_object_id
#undef git_object_lookup
#undef git_object_type
#undef git_odb_add_disk_alternate
#undef git_odb_exists
#undef git_odb_free
#undef git_odb_hash
#undef git_odb_read_header
#undef git_reference_list
#undef git_repository_commondir
#undef git_repository_config
#undef git_repository_free
#undef git_repository_index
#undef git_repository_odb
#undef git_repository_open_ext
#undef git_repository_path
#undef git_repository_set_workdir
#undef git_repository_workdir
#undef git_revparse_single
#undef git_strarray_dispose
#undef git_tree_entry_filemode
#undef git_tree_entry_id
#undef git_tree_entry_name
#undef git_tree_entry_type
#undef git_tree_walk
#undef git_libgit2_opts

/// libgit2's entry points once loaded; `git_libgit2_opts` is variadic, kept untyped.
typedef struct gitsops_git2_api {
#define GITSOPS_GIT2_FIELD(type, name, parameters, arguments) type (*name) parameters;
    GITSOPS_GIT2_FUNCTIONS(GITSOPS_GIT2_FIELD)
#undef GITSOPS_GIT2_FIELD
    void *git_libgit2_opts;
} gitsops_git2_api;

/// The loaded table (Repository's LibGit2.swift defines it; every call below goes through it).
extern const gitsops_git2_api *gitsops_git2_table(void);

#define GITSOPS_GIT2_CALL(type, name, parameters, arguments) \
    static inline type name parameters { return gitsops_git2_table()->name arguments; }
GITSOPS_GIT2_FUNCTIONS(GITSOPS_GIT2_CALL)
#undef GITSOPS_GIT2_CALL

/// Finds `name` in a loaded library (Platform's `DynamicLibrary.lookup`, which is dlsym).
typedef void *(*gitsops_git2_lookup)(void *library, const char *name);

/// Fills `api` from the loaded `library`; 1 when every function was found.
static inline int gitsops_git2_fill(gitsops_git2_api *api, void *library, gitsops_git2_lookup lookup) {
    int complete = 1;
#define GITSOPS_GIT2_SYMBOL(type, name, parameters, arguments) \
    *(void **)(&api->name) = lookup(library, #name); \
    if (!api->name) complete = 0;
    GITSOPS_GIT2_FUNCTIONS(GITSOPS_GIT2_SYMBOL)
#undef GITSOPS_GIT2_SYMBOL
    api->git_libgit2_opts = lookup(library, "git_libgit2_opts");
    return complete && api->git_libgit2_opts;
}

/// git_libgit2_opts is variadic, which Swift cannot call: the one option gitsops sets. libgit2
/// re-hashes every object it reads (SHA-1DC, a third of a cached clean); git's checkout does not.
static inline int gitsops_git_skip_hash_verification(void) {
    typedef int (*opts_fn)(int, ...);
    return ((opts_fn)gitsops_git2_table()->git_libgit2_opts)(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}
#endif
