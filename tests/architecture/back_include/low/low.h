#pragma once
// A lower layer that reaches up: the include-direction test must refuse this file.
#include "high/high.h"
