/* A shared object that exports zvhpga_get_abi_info() with an ABI a host must refuse
 * (FAKE_MAGIC and FAKE_ABI_VERSION come from the build). It exports nothing else, so a host
 * that went past the ABI check would fail on a missing symbol instead of the clear refusal. */
#include <zvhpga/zvhpga.h>

static const zvhpga_abi_info fake_abi_info = {
    sizeof(zvhpga_abi_info), FAKE_ABI_VERSION, FAKE_MAGIC, 0, "0.0.0-fake", "urn:fake"};

ZVHPGA_EXPORT const zvhpga_abi_info *zvhpga_get_abi_info(void) { return &fake_abi_info; }
