/*
 * The smallest complete zvh-pga host: links libzvhpga, checks the ABI, opens an instance from a
 * configuration file, sends one request document as one caller and prints the response.
 * Build it against the installed package (docs/integration-guide.md):
 *
 *   cmake -S . -B build && cmake --build build        # find_package(ZvhPga)
 *   make                                              # pkg-config zvhpga
 *
 * Usage: zvhpga-example-host CONFIG PARTNER USER ROLE REQUEST.xml
 * Exit status: 0 answered, 1 refused (the Error document is printed), 2 anything else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zvhpga/zvhpga.h>

/* Every output starts empty with the header the plugin checks; zvhpga_free() releases it. */
static zvhpga_output empty_output(void) {
  zvhpga_output output = {sizeof(zvhpga_output), ZVHPGA_ABI_VERSION, NULL, 0};
  return output;
}

/* Reads a whole file; NULL when it cannot. The caller frees the result. */
static char *read_file(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  if (file == NULL) return NULL;
  char *data = NULL;
  size_t capacity = 0;
  *size = 0;
  for (;;) {
    if (*size == capacity) {
      capacity = capacity == 0 ? 4096 : capacity * 2;
      char *grown = realloc(data, capacity);
      if (grown == NULL) break;
      data = grown;
    }
    size_t got = fread(data + *size, 1, capacity - *size, file);
    *size += got;
    if (got == 0) break;
  }
  int failed = ferror(file);
  fclose(file);
  if (failed) {
    free(data);
    return NULL;
  }
  return data;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s CONFIG PARTNER USER ROLE REQUEST.xml\n", argv[0]);
    return 2;
  }

  /* A plugin older than this header lacks functions the header declares. */
  const zvhpga_abi_info *info = zvhpga_get_abi_info();
  if (info->magic != ZVHPGA_ABI_MAGIC || info->abi_version < ZVHPGA_ABI_VERSION) {
    fprintf(stderr, "plugin ABI %u is older than this host's %u\n", info->abi_version,
            ZVHPGA_ABI_VERSION);
    return 2;
  }
  printf("plugin %s, ABI %u\n", info->plugin_version, info->abi_version);

  size_t request_size = 0;
  char *request = read_file(argv[5], &request_size);
  if (request == NULL) {
    fprintf(stderr, "cannot read %s\n", argv[5]);
    return 2;
  }

  zvhpga_instance *instance = NULL;
  zvhpga_output error = empty_output();
  zvhpga_status status = zvhpga_open(argv[1], strlen(argv[1]), &instance, &error);
  if (status != ZVHPGA_OK) {
    fprintf(stderr, "%s: %s\n", zvhpga_status_name(status), error.data ? error.data : "");
    zvhpga_free(&error);
    free(request);
    return 2;
  }

  zvhpga_caller caller = {sizeof(zvhpga_caller), ZVHPGA_ABI_VERSION,
                          argv[2], strlen(argv[2]),
                          argv[3], strlen(argv[3]),
                          argv[4], strlen(argv[4]),
                          NULL, 0};
  zvhpga_output response = empty_output();
  status = zvhpga_call(instance, &caller, request, request_size, &response);
  printf("%s\n%s\n", zvhpga_status_name(status), response.data ? response.data : "");

  zvhpga_free(&response);
  zvhpga_close(instance);
  free(request);
  return status == ZVHPGA_OK ? 0 : status == ZVHPGA_REJECTED ? 1 : 2;
}
