/*
 * zvhpga.h: the one public header of libzvhpga, the zvh-pga plugin.
 *
 * A host loads the plugin, checks zvhpga_get_abi_info() first, opens an instance from a
 * configuration file, sends request documents (XML, defined by the XSDs in schemas/) with the
 * caller's identity, and frees every output with zvhpga_free().
 *
 * Stability rules (see docs/abi.md):
 *   - Functions are only ever added, never changed or removed; each is tagged with the ABI
 *     version that introduced it. Symbols carry the linker version node of that version
 *     (ZVHPGA_1, ZVHPGA_2, ...).
 *   - Every struct that crosses starts with struct_size and abi_version; the plugin reads only
 *     the fields that fit in the struct_size the host passed, and new fields are only appended.
 *   - Strings go in as (pointer, length) pairs and need not be NUL-terminated. Strings coming
 *     out are NUL-terminated as a convenience; their length is authoritative.
 *   - No function ever lets a C++ exception escape; every failure is a zvhpga_status.
 *   - An instance handle is checked on every call: a closed or never-opened one is answered
 *     with ZVHPGA_INVALID_ARGUMENT (or ignored by the void functions), never dereferenced.
 *   - All functions are thread-safe for distinct calls on one instance.
 *   - The plugin promises nothing about unloading; load it once per process.
 */
#ifndef ZVHPGA_ZVHPGA_H
#define ZVHPGA_ZVHPGA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ZVHPGA_BUILDING_PLUGIN)
#define ZVHPGA_EXPORT __attribute__((visibility("default")))
#else
#define ZVHPGA_EXPORT
#endif

/* ABI version of this header. A host built against version N works with a plugin whose
 * abi_version >= N and whose magic matches. */
#define ZVHPGA_ABI_VERSION 4u
/* "ZVHP": tells a zvh-pga plugin apart from any other shared object. */
#define ZVHPGA_ABI_MAGIC 0x5A564850u

typedef enum zvhpga_status {
  ZVHPGA_OK = 0,
  /* The host broke the calling convention: a NULL pointer, a struct_size too small, a closed or
   * never-opened instance handle, a path with a NUL inside its size, ... */
  ZVHPGA_INVALID_ARGUMENT = 1,
  /* The struct's abi_version is newer than this plugin understands. */
  ZVHPGA_ABI_MISMATCH = 2,
  /* zvhpga_open: the configuration could not be read, was invalid, or the store could not be
   * opened. The error output says why. */
  ZVHPGA_CONFIG_ERROR = 3,
  /* zvhpga_call: the request was refused (bad document, not allowed, wrong state, ...). The
   * response is an Error document; nothing was changed. */
  ZVHPGA_REJECTED = 4,
  /* zvhpga_call: a resource (the database) is temporarily unavailable. The response is an
   * Error document; nothing was changed; the same request may be retried. */
  ZVHPGA_UNAVAILABLE = 5,
  /* Anything else. The response, if any, is an Error document that leaks no internals. */
  ZVHPGA_INTERNAL = 6
} zvhpga_status;

/* Returned by zvhpga_get_abi_info(); static storage, never freed. Added in ABI 1. */
typedef struct zvhpga_abi_info {
  uint32_t struct_size;
  uint32_t abi_version;
  uint32_t magic;
  uint32_t reserved;
  const char *plugin_version;     /* e.g. "0.1.0" */
  const char *contract_namespace; /* the XML namespace of the request documents */
} zvhpga_abi_info;

/* Who is calling. The organisation is a partner's id or OIN from the configuration's partner
 * table; the role is one of the roles in docs/roles.md. Added in ABI 1. */
typedef struct zvhpga_caller {
  uint32_t struct_size; /* sizeof(zvhpga_caller) as the host knows it */
  uint32_t abi_version; /* ZVHPGA_ABI_VERSION as the host knows it */
  const char *organisation;
  size_t organisation_size;
  const char *user;
  size_t user_size;
  const char *role;
  size_t role_size;
  /* Optional correlation id of the message that carried the request (e.g. wsa:MessageID);
   * NULL/0 when there is none. */
  const char *message_id;
  size_t message_id_size;
} zvhpga_caller;

/* Bytes the plugin hands to the host. The host zero-initialises it, sets struct_size and
 * abi_version, and releases data with zvhpga_free(). Added in ABI 1. */
typedef struct zvhpga_output {
  uint32_t struct_size;
  uint32_t abi_version;
  char *data; /* NUL-terminated; NULL when nothing was produced */
  size_t size; /* length of data without the terminating NUL */
} zvhpga_output;

typedef struct zvhpga_instance zvhpga_instance;

/* The host calls this first and checks magic and abi_version. Added in ABI 1. */
ZVHPGA_EXPORT const zvhpga_abi_info *zvhpga_get_abi_info(void);

/* Opens an instance from the configuration file at config_path. On failure *out_instance is
 * NULL and, if out_error is not NULL, it receives a plain-language message. Added in ABI 1. */
ZVHPGA_EXPORT zvhpga_status zvhpga_open(const char *config_path, size_t config_path_size,
                                        zvhpga_instance **out_instance,
                                        zvhpga_output *out_error);

/* Closes an instance; NULL, an instance already closed and a handle never opened are ignored.
 * Added in ABI 1. */
ZVHPGA_EXPORT void zvhpga_close(zvhpga_instance *instance);

/* Handles one request document for one caller and produces one response document: the
 * operation's response on ZVHPGA_OK, an Error document otherwise. Added in ABI 1. */
ZVHPGA_EXPORT zvhpga_status zvhpga_call(zvhpga_instance *instance, const zvhpga_caller *caller,
                                        const char *request, size_t request_size,
                                        zvhpga_output *out_response);

/* Releases what the plugin put into an output and resets it to empty; safe on an empty output
 * and on NULL. Added in ABI 1. */
ZVHPGA_EXPORT void zvhpga_free(zvhpga_output *output);

/* A short, stable, English name for a status, e.g. "ZVHPGA_REJECTED". Added in ABI 1. */
ZVHPGA_EXPORT const char *zvhpga_status_name(zvhpga_status status);

/* Starts the instance's Digikoppeling WUS web service (SOAP 1.1 over HTTPS with mutual TLS,
 * docs/soap.md) as its configuration's <soap> section describes it. The service runs on threads
 * of its own, with every signal blocked, until zvhpga_stop_service() or zvhpga_close(). If
 * out_port is not NULL it receives the port listened on (the one the system chose when the
 * configuration says 0). ZVHPGA_CONFIG_ERROR when there is no <soap> section, a TLS file cannot
 * be used or the address cannot be listened on (out_error says which); ZVHPGA_INVALID_ARGUMENT
 * when the service already runs. Added in ABI 2. */
ZVHPGA_EXPORT zvhpga_status zvhpga_start_service(zvhpga_instance *instance, uint16_t *out_port,
                                                 zvhpga_output *out_error);

/* Stops the instance's web service: no new connections, open ones closed, requests being
 * handled finish first. Does nothing when the service does not run; NULL is ignored. Added in
 * ABI 2. */
ZVHPGA_EXPORT void zvhpga_stop_service(zvhpga_instance *instance);

/* Brings the schema of the database that the configuration file at config_path names to this
 * plugin's version, in one transaction where the database allows. zvhpga_open refuses a schema
 * older than the plugin, so that an upgrade never happens as a side effect of a restart; an
 * administrator runs this instead (zvh-pga db migrate). Afterwards the instance is opened once
 * to check the result, and the upgrade is written to the audit trail. On ZVHPGA_OK, if
 * out_report is not NULL, it receives one line naming the schema versions applied, or saying
 * that there were none. Failures are those of zvhpga_open, explained in out_error. Added in
 * ABI 2. */
ZVHPGA_EXPORT zvhpga_status zvhpga_migrate(const char *config_path, size_t config_path_size,
                                           zvhpga_output *out_report, zvhpga_output *out_error);

/* Checks whether the criteria catalogue file at catalogue_path could be put in force on the
 * database that the configuration file at config_path names (docs/criteria.md), changing
 * nothing: a region runs this before it points its configuration at a new catalogue version
 * (zvh-pga criteria check). ZVHPGA_OK: out_report, if not NULL, receives one line naming the
 * version and its size. ZVHPGA_REJECTED: the catalogue would be refused; out_error, if not
 * NULL, receives an Error document (code catalogue-refused) with a problem per reason. Other
 * failures are those of zvhpga_open, explained in out_error as plain text. Added in ABI 3. */
ZVHPGA_EXPORT zvhpga_status zvhpga_check_catalogue(const char *config_path,
                                                   size_t config_path_size,
                                                   const char *catalogue_path,
                                                   size_t catalogue_path_size,
                                                   zvhpga_output *out_report,
                                                   zvhpga_output *out_error);

/* Examines the installation that the configuration file at config_path describes, changing
 * nothing (zvh-pga doctor): the file against its schema, the partner table, the data directory
 * and key files, the database connection and schema version, the criteria catalogue, and the
 * certificates of the web service and of the host endpoint (usable, OIN present, chain to a
 * trusted CA, expiry within 30 days). If out_report is not NULL it receives one line per
 * finding: "pass", "warning" or "problem", a tab, the name of what was checked, a tab, the
 * finding in words, a newline. ZVHPGA_OK when nothing is a problem (warnings may remain),
 * ZVHPGA_REJECTED when at least one finding is. Added in ABI 4. */
ZVHPGA_EXPORT zvhpga_status zvhpga_diagnose(const char *config_path, size_t config_path_size,
                                            zvhpga_output *out_report);
/* One retention run (docs/retention.md): carries out the destruction proposals a privacy
 * officer approved, each signal in a transaction of its own with its audit record, writes each
 * completed proposal's signed statement of destruction, then proposes what has newly come due.
 * zvh-pga retention run calls it from a systemd timer. ZVHPGA_OK: out_report, if not NULL,
 * receives one line per proposal carried out or written, and a warning line while a rule in
 * use is unconfirmed. ZVHPGA_UNAVAILABLE: another instance on the database is running one, or
 * the database failed; out_error says which, and running again finishes what was begun. Added
 * in ABI 4. */
ZVHPGA_EXPORT zvhpga_status zvhpga_run_retention(zvhpga_instance *instance,
                                                 zvhpga_output *out_report,
                                                 zvhpga_output *out_error);

/* Checks a statement of destruction (the text of a file written by zvhpga_run_retention)
 * against the statement key of the configuration file at config_path (zvh-pga retention
 * verify). ZVHPGA_OK when it is authentic; ZVHPGA_REJECTED when any byte differs from what was
 * signed; failures to read the configuration or key are those of zvhpga_open. Added in ABI 4. */
ZVHPGA_EXPORT zvhpga_status zvhpga_verify_statement(const char *config_path,
                                                    size_t config_path_size,
                                                    const char *statement, size_t statement_size,
                                                    zvhpga_output *out_report,
                                                    zvhpga_output *out_error);

/* Rotates the signal master key of the configuration at config_path (zvh-pga db rotate-keys,
 * docs/crypto-shredding.md): makes a new key file beside the old one ("<key file>.next"),
 * rewraps every signal data key in the key store under it, retires the old key's generation
 * and renames the new key file over the old one. Run it with every instance on the key store
 * stopped; an instance still running refuses to make new keys afterwards. Killed at any point,
 * calling it again finishes the rotation. ZVHPGA_OK: out_report, if not NULL, says how many
 * keys were rewrapped and the new generation. ZVHPGA_CONFIG_ERROR: a key file is missing or
 * does not belong to the key store; ZVHPGA_UNAVAILABLE: the key store failed; out_error says
 * which. Added in ABI 4. */
ZVHPGA_EXPORT zvhpga_status zvhpga_rotate_master_key(const char *config_path,
                                                     size_t config_path_size,
                                                     zvhpga_output *out_report,
                                                     zvhpga_output *out_error);

#ifdef __cplusplus
}
#endif

#endif /* ZVHPGA_ZVHPGA_H */
