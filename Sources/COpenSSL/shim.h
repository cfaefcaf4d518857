#ifndef GITSOPS_COPENSSL_SHIM_H
#define GITSOPS_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/rsa.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/bn.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>

/// OPENSSL_free is a macro; Swift cannot call it.
static inline void gitsops_openssl_free(void *p) { OPENSSL_free(p); }
/// EVP_PKEY_fromdata selections are compound macros Swift does not import.
static const int gitsops_evp_pkey_public_key = EVP_PKEY_PUBLIC_KEY;
static const int gitsops_evp_pkey_keypair = EVP_PKEY_KEYPAIR;
#endif
