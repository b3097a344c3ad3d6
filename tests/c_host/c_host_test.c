/*
 * A host written in plain C11 that uses the plugin the way a foreign platform would: dlopen,
 * the public header and nothing else. It checks the ABI, then plays one scenario on a fresh
 * store: the whole process with the calling-convention failures, or one way a careless host
 * misuses the ABI (a closed or made-up handle, a double close, a NUL or trailing bytes in a
 * request, a NUL in a path). It frees every output, so that a run under AddressSanitizer and
 * LeakSanitizer shows the ABI's memory rules hold and that misuse is answered, not a crash.
 *
 * Usage: c_host_test PATH_TO_LIBZVHPGA SCENARIO   (examples come from ZVHPGA_EXAMPLES_DIR)
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */

#include <dlfcn.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zvhpga/zvhpga.h>

#ifndef ZVHPGA_EXAMPLES_DIR
#error "ZVHPGA_EXAMPLES_DIR must name the examples directory"
#endif

typedef const zvhpga_abi_info *(*get_abi_info_fn)(void);
typedef zvhpga_status (*open_fn)(const char *, size_t, zvhpga_instance **, zvhpga_output *);
typedef void (*close_fn)(zvhpga_instance *);
typedef zvhpga_status (*call_fn)(zvhpga_instance *, const zvhpga_caller *, const char *, size_t,
                                 zvhpga_output *);
typedef void (*free_fn)(zvhpga_output *);
typedef const char *(*status_name_fn)(zvhpga_status);

struct plugin {
  get_abi_info_fn get_abi_info;
  open_fn open;
  close_fn close;
  call_fn call;
  free_fn free;
  status_name_fn status_name;
};

static int checks_passed;
static int checks_failed;

static void check(int condition, const char *what, int line) {
  if (condition) {
    ++checks_passed;
  } else {
    ++checks_failed;
    fprintf(stderr, "c_host_test.c:%d: check failed: %s\n", line, what);
  }
}
#define CHECK(condition) check((condition) != 0, #condition, __LINE__)

static zvhpga_output empty_output(void) {
  zvhpga_output output = {sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, NULL, 0};
  return output;
}

static zvhpga_caller make_caller(const char *partner, const char *user, const char *role) {
  zvhpga_caller caller;
  memset(&caller, 0, sizeof caller);
  caller.struct_size = sizeof caller;
  caller.abi_version = ZVHPGA_ABI_VERSION;
  caller.organisation = partner;
  caller.organisation_size = strlen(partner);
  caller.user = user;
  caller.user_size = strlen(user);
  caller.role = role;
  caller.role_size = strlen(role);
  return caller;
}

/* dlsym returns an object pointer; POSIX guarantees it converts to a function pointer. */
static int load_plugin(const char *path, struct plugin *plugin) {
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    fprintf(stderr, "cannot load %s: %s\n", path, dlerror());
    return 0;
  }
  plugin->get_abi_info = (get_abi_info_fn)dlsym(handle, "zvhpga_get_abi_info");
  plugin->open = (open_fn)dlsym(handle, "zvhpga_open");
  plugin->close = (close_fn)dlsym(handle, "zvhpga_close");
  plugin->call = (call_fn)dlsym(handle, "zvhpga_call");
  plugin->free = (free_fn)dlsym(handle, "zvhpga_free");
  plugin->status_name = (status_name_fn)dlsym(handle, "zvhpga_status_name");
  /* Never dlclose'd: the ABI promises nothing about unloading. */
  return plugin->get_abi_info && plugin->open && plugin->close && plugin->call && plugin->free &&
         plugin->status_name;
}

static int abi_is_compatible(const zvhpga_abi_info *info) {
  return info != NULL && info->magic == ZVHPGA_ABI_MAGIC &&
         info->struct_size >= sizeof(zvhpga_abi_info) && info->abi_version >= ZVHPGA_ABI_VERSION &&
         info->plugin_version != NULL && info->contract_namespace != NULL;
}

static char *read_file(const char *path) {
  FILE *file = fopen(path, "rb");
  char *content = NULL;
  long size;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0) {
    content = malloc((size_t)size + 1);
    if (content != NULL && fread(content, 1, (size_t)size, file) == (size_t)size) {
      content[size] = '\0';
    } else {
      free(content);
      content = NULL;
    }
  }
  fclose(file);
  return content;
}

/* The text of the first element with this local name, whatever its prefix, or NULL. */
static const char *element_text(const char *document, const char *name, size_t *length) {
  const char *tag;
  for (tag = strchr(document, '<'); tag != NULL; tag = strchr(tag + 1, '<')) {
    const char *tag_name = tag + 1;
    size_t tag_name_length = strcspn(tag_name, " \t\r\n/>");
    const char *colon = memchr(tag_name, ':', tag_name_length);
    const char *local = colon == NULL ? tag_name : colon + 1;
    size_t local_length = tag_name_length - (size_t)(local - tag_name);
    const char *tag_end;
    if (strchr("/?!", *tag_name) != NULL || local_length != strlen(name) ||
        strncmp(local, name, local_length) != 0 || (tag_end = strchr(tag_name, '>')) == NULL) {
      continue;
    }
    *length = tag_end[-1] == '/' ? 0 : strcspn(tag_end + 1, "<");
    return tag_end + 1;
  }
  return NULL;
}

static int element_is(const char *document, const char *name, const char *expected) {
  size_t length = 0;
  const char *text = document == NULL ? NULL : element_text(document, name, &length);
  return text != NULL && length == strlen(expected) && strncmp(text, expected, length) == 0;
}

/* The example, with the text of every <signalId> replaced by signal_id. Examples are written
 * without namespace prefixes, so plain text search is enough here. */
static char *example_for_signal(const char *example, const char *signal_id) {
  static const char open_tag[] = "<signalId>";
  char path[4096];
  char *original;
  char *result;
  const char *from;
  const char *tag;
  size_t tags = 0;
  size_t written = 0;
  snprintf(path, sizeof path, "%s/%s", ZVHPGA_EXAMPLES_DIR, example);
  original = read_file(path);
  if (original == NULL) {
    fprintf(stderr, "cannot read %s\n", path);
    return NULL;
  }
  for (tag = strstr(original, open_tag); tag != NULL; tag = strstr(tag + 1, open_tag)) ++tags;
  result = malloc(strlen(original) + tags * strlen(signal_id) + 1);
  if (result != NULL) {
    for (from = original; (tag = strstr(from, open_tag)) != NULL;) {
      const char *text = tag + sizeof open_tag - 1;
      memcpy(result + written, from, (size_t)(text - from));
      written += (size_t)(text - from);
      memcpy(result + written, signal_id, strlen(signal_id));
      written += strlen(signal_id);
      from = text + strcspn(text, "<");
    }
    strcpy(result + written, from);
  }
  free(original);
  return result;
}

struct session {
  const struct plugin *plugin;
  zvhpga_instance *instance;
  char signal_id[64];
};

/* Sends an example as the caller; says so on stderr when the status is not the expected one,
 * and leaves the response in *response for the caller to check and free. */
static int send_example(struct session *session, const char *example, const char *partner,
                        const char *role, zvhpga_status expected, zvhpga_output *response) {
  zvhpga_caller caller = make_caller(partner, "c-host-test", role);
  char *request = example_for_signal(example, session->signal_id);
  zvhpga_status status = ZVHPGA_INTERNAL;
  *response = empty_output();
  if (request != NULL) {
    status = session->plugin->call(session->instance, &caller, request, strlen(request), response);
    free(request);
  }
  if (status != expected) {
    fprintf(stderr, "%s as %s/%s: %s, expected %s\n%s\n", example, partner, role,
            session->plugin->status_name(status), session->plugin->status_name(expected),
            response->data != NULL ? response->data : "(no document)");
  }
  return status == expected;
}

/* Sends an example, expects success and the given state in the response. */
static void expect_step(struct session *session, const char *example, const char *partner,
                        const char *role, const char *state_element, const char *state) {
  zvhpga_output response;
  CHECK(send_example(session, example, partner, role, ZVHPGA_OK, &response));
  CHECK(element_is(response.data, state_element, state));
  session->plugin->free(&response);
}

static void run_whole_process(struct session *session) {
  zvhpga_output response;
  size_t length = 0;
  const char *id;

  CHECK(send_example(session, "register-signal.xml", "gemeente-utrecht", "intake-officer", ZVHPGA_OK,
                     &response));
  id = response.data == NULL ? NULL : element_text(response.data, "signalId", &length);
  CHECK(id != NULL && length > 0 && length < sizeof session->signal_id);
  if (id == NULL || length == 0 || length >= sizeof session->signal_id) {
    session->plugin->free(&response);
    return;
  }
  memcpy(session->signal_id, id, length);
  session->signal_id[length] = '\0';
  CHECK(element_is(response.data, "state", "received"));
  session->plugin->free(&response);

  expect_step(session, "contribution-gemeente.xml", "gemeente-utrecht", "weegploeg-member", "state",
              "awaiting-contributions");
  expect_step(session, "contribution-politie.xml", "politie-midden-nederland", "weegploeg-member",
              "state", "awaiting-contributions");

  /* The integral rule: without OM's contribution the decision is refused and nothing changes. */
  CHECK(send_example(session, "record-decision.xml", "gemeente-utrecht", "weegploeg-chair",
                     ZVHPGA_REJECTED, &response));
  CHECK(element_is(response.data, "code", "contributions-missing"));
  session->plugin->free(&response);
  expect_step(session, "get-signal.xml", "gemeente-utrecht", "weegploeg-chair", "state",
              "awaiting-contributions");

  expect_step(session, "contribution-om.xml", "om-midden-nederland", "weegploeg-member", "state",
              "ready-for-weighing");
  expect_step(session, "record-decision.xml", "gemeente-utrecht", "weegploeg-chair", "state", "decided");
  expect_step(session, "get-signal.xml", "gemeente-utrecht", "weegploeg-chair", "outcome",
              "include-in-casusoverleg");
}

static void check_calling_convention(const struct session *session) {
  const struct plugin *plugin = session->plugin;
  static const char request[] = "<GetSignalRequest xmlns=\"urn:nl:zvh-pga:contract:1\">"
                                "<signalId>0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90</signalId>"
                                "</GetSignalRequest>";
  static const char doctype_request[] =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE GetSignalRequest [<!ENTITY x \"y\">]>\n"
      "<GetSignalRequest xmlns=\"urn:nl:zvh-pga:contract:1\">"
      "<signalId>0b7c6f52-3d1e-4c8a-9f4e-2a6d5b1c7e90</signalId></GetSignalRequest>";
  zvhpga_caller caller = make_caller("gemeente-utrecht", "c-host-test", "weegploeg-chair");
  zvhpga_caller truncated = caller;
  zvhpga_output response = empty_output();

  CHECK(plugin->call(session->instance, NULL, request, sizeof request - 1, &response) ==
        ZVHPGA_INVALID_ARGUMENT);
  plugin->free(&response);

  truncated.struct_size = sizeof(uint32_t);
  CHECK(plugin->call(session->instance, &truncated, request, sizeof request - 1, &response) ==
        ZVHPGA_INVALID_ARGUMENT);
  plugin->free(&response);

  CHECK(plugin->call(session->instance, &caller, doctype_request, sizeof doctype_request - 1,
                     &response) == ZVHPGA_REJECTED);
  CHECK(response.data != NULL && response.size == strlen(response.data));
  CHECK(response.data != NULL && (strstr(response.data, "<Error") || strstr(response.data, ":Error")));
  CHECK(element_is(response.data, "code", "doctype-refused"));

  /* Freeing resets the output, so a second free and a free of NULL are harmless. */
  plugin->free(&response);
  CHECK(response.data == NULL && response.size == 0);
  plugin->free(&response);
  plugin->free(NULL);
  plugin->close(NULL);
}

static int write_config(const char *directory, char *config_path, size_t config_path_size) {
  FILE *file;
  snprintf(config_path, config_path_size, "%s/zvhpga.xml", directory);
  file = fopen(config_path, "w");
  if (file == NULL) return 0;
  /* Mirrors config/zvhpga.xml, with the store in this test's own directory. */
  fprintf(file,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<configuration xmlns=\"urn:nl:zvh-pga:config:1\">\n"
          "  <dataDirectory>%s/data</dataDirectory>\n"
          "  <store><odbc>\n"
          "    <connectionString>Driver=SQLite3;Database=${dataDirectory}/zvhpga.sqlite;"
          "Timeout=5000</connectionString>\n"
          "  </odbc></store>\n"
          "  <partners>\n"
          "    <partner><id>gemeente-utrecht</id><oin>00000001002220647000</oin><kind>gemeente</kind>"
          "<name>Gemeente Utrecht</name><region>midden-nederland</region></partner>\n"
          "    <partner><id>politie-midden-nederland</id><oin>00000001003214345000</oin>"
          "<kind>politie</kind><name>Politie Midden-Nederland</name><region>midden-nederland</region>"
          "</partner>\n"
          "    <partner><id>om-midden-nederland</id><oin>00000001003214370000</oin><kind>om</kind>"
          "<name>OM Midden-Nederland</name><region>midden-nederland</region></partner>\n"
          "  </partners>\n"
          "</configuration>\n",
          directory);
  return fclose(file) == 0;
}

static int remove_entry(const char *path, const struct stat *status, int type, struct FTW *walk) {
  (void)status;
  (void)type;
  (void)walk;
  return remove(path);
}

/* The status a request gets on an instance, its response freed; the Error code, when the
 * response is one, into code (at most code_size - 1 characters). */
static zvhpga_status call_once(const struct plugin *plugin, zvhpga_instance *instance,
                               const char *request, size_t request_size, char *code,
                               size_t code_size) {
  zvhpga_caller caller = make_caller("gemeente-utrecht", "c-host-test", "weegploeg-chair");
  zvhpga_output response = empty_output();
  zvhpga_status status = plugin->call(instance, &caller, request, request_size, &response);
  size_t length = 0;
  const char *text = response.data == NULL ? NULL : element_text(response.data, "code", &length);
  code[0] = '\0';
  if (text != NULL && length < code_size) {
    memcpy(code, text, length);
    code[length] = '\0';
  }
  plugin->free(&response);
  return status;
}

static const char worklist_request[] =
    "<ListWorklistRequest xmlns=\"urn:nl:zvh-pga:contract:1\"/>";

static zvhpga_instance *open_instance(const struct plugin *plugin, const char *config_path) {
  zvhpga_instance *instance = NULL;
  zvhpga_output error = empty_output();
  zvhpga_status status = plugin->open(config_path, strlen(config_path), &instance, &error);
  if (status != ZVHPGA_OK) {
    fprintf(stderr, "open failed: %s: %s\n", plugin->status_name(status),
            error.data != NULL ? error.data : "(no message)");
  }
  plugin->free(&error);
  return instance;
}

static void whole_process(const struct plugin *plugin, const char *config_path) {
  struct session session;
  memset(&session, 0, sizeof session);
  session.plugin = plugin;
  session.instance = open_instance(plugin, config_path);
  CHECK(session.instance != NULL);
  if (session.instance == NULL) return;
  run_whole_process(&session);
  check_calling_convention(&session);
  plugin->close(session.instance);
}

/* A call on a closed instance is answered with a status and no document, not a use-after-free. */
static void call_after_close_is_refused(const struct plugin *plugin, const char *config_path) {
  char code[64];
  zvhpga_instance *instance = open_instance(plugin, config_path);
  CHECK(instance != NULL);
  plugin->close(instance);
  CHECK(call_once(plugin, instance, worklist_request, sizeof worklist_request - 1, code,
                  sizeof code) == ZVHPGA_INVALID_ARGUMENT);
}

/* A handle the plugin never gave out (here the address of a host variable) is refused. */
static void made_up_handle_is_refused(const struct plugin *plugin, const char *config_path) {
  char code[64];
  char not_an_instance[64] = {0};
  (void)config_path;
  CHECK(call_once(plugin, (zvhpga_instance *)(void *)not_an_instance, worklist_request,
                  sizeof worklist_request - 1, code, sizeof code) == ZVHPGA_INVALID_ARGUMENT);
  plugin->close((zvhpga_instance *)(void *)not_an_instance);
}

/* Closing twice does nothing the second time, not even to an instance opened in between (which
 * a reused address would have made the same handle). */
static void double_close_is_harmless(const struct plugin *plugin, const char *config_path) {
  char code[64];
  zvhpga_instance *first = open_instance(plugin, config_path);
  zvhpga_instance *second;
  CHECK(first != NULL);
  plugin->close(first);
  second = open_instance(plugin, config_path);
  CHECK(second != NULL && second != first);
  plugin->close(first);
  CHECK(call_once(plugin, second, worklist_request, sizeof worklist_request - 1, code,
                  sizeof code) == ZVHPGA_OK);
  plugin->close(second);
  plugin->close(second);
}

/* A request of request_size bytes (the terminating NUL of its literal not counted) is refused
 * as malformed XML on a fresh instance. */
static void expect_malformed(const struct plugin *plugin, const char *config_path,
                             const char *request, size_t request_size) {
  char code[64];
  zvhpga_instance *instance = open_instance(plugin, config_path);
  CHECK(instance != NULL);
  CHECK(call_once(plugin, instance, request, request_size, code, sizeof code) ==
        ZVHPGA_REJECTED);
  CHECK(strcmp(code, "malformed-xml") == 0);
  plugin->close(instance);
}

/* A NUL inside the given length is refused, not taken for the end of the request. */
static void nul_inside_request_is_refused(const struct plugin *plugin, const char *config_path) {
  static const char request[] =
      "<ListWorklistRequest xmlns=\"urn:nl:zvh-pga:contract:1\"/>\0<Ignored/>";
  expect_malformed(plugin, config_path, request, sizeof request - 1);
}

/* Bytes after the request's root element are refused, not ignored. */
static void bytes_after_request_are_refused(const struct plugin *plugin, const char *config_path) {
  static const char request[] =
      "<ListWorklistRequest xmlns=\"urn:nl:zvh-pga:contract:1\"/><ListWorklistRequest/>";
  expect_malformed(plugin, config_path, request, sizeof request - 1);
}

/* A configuration path with a NUL inside its length is refused, though the part before the
 * NUL names a good configuration: the plugin must not open a file the host did not name. */
static void nul_inside_path_is_refused(const struct plugin *plugin, const char *config_path) {
  char path[4200];
  size_t length = strlen(config_path);
  zvhpga_instance *instance = NULL;
  zvhpga_output error = empty_output();
  memcpy(path, config_path, length);
  memcpy(path + length, "\0.unused", sizeof "\0.unused");
  CHECK(plugin->open(path, length + sizeof "\0.unused" - 1, &instance, &error) ==
        ZVHPGA_INVALID_ARGUMENT);
  CHECK(instance == NULL);
  plugin->free(&error);
}

struct scenario {
  const char *name;
  void (*run)(const struct plugin *plugin, const char *config_path);
};

static const struct scenario scenarios[] = {
    {"whole-process", whole_process},
    {"call-after-close", call_after_close_is_refused},
    {"made-up-handle", made_up_handle_is_refused},
    {"double-close", double_close_is_harmless},
    {"nul-inside-request", nul_inside_request_is_refused},
    {"bytes-after-request", bytes_after_request_are_refused},
    {"nul-inside-path", nul_inside_path_is_refused},
};

int main(int argc, char **argv) {
  struct plugin plugin;
  const struct scenario *scenario = NULL;
  const zvhpga_abi_info *info;
  char directory[] = "/tmp/zvhpga-c-host-XXXXXX";
  char config_path[4096];
  size_t i;

  for (i = 0; argc == 3 && i < sizeof scenarios / sizeof scenarios[0]; ++i) {
    if (strcmp(argv[2], scenarios[i].name) == 0) scenario = &scenarios[i];
  }
  if (scenario == NULL) {
    fprintf(stderr, "usage: %s PATH_TO_LIBZVHPGA SCENARIO\n", argv[0]);
    return 2;
  }
  if (!load_plugin(argv[1], &plugin)) return 1;

  info = plugin.get_abi_info();
  CHECK(abi_is_compatible(info));
  if (!abi_is_compatible(info)) return 1;
  printf("plugin %s, ABI %u, contract %s\n", info->plugin_version, (unsigned)info->abi_version,
         info->contract_namespace);

  if (mkdtemp(directory) == NULL || !write_config(directory, config_path, sizeof config_path)) {
    perror("cannot prepare the test directory");
    return 1;
  }
  scenario->run(&plugin, config_path);

  nftw(directory, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  printf("c_host %s: %d passed, %d failed\n", scenario->name, checks_passed, checks_failed);
  return checks_failed == 0 ? 0 : 1;
}
