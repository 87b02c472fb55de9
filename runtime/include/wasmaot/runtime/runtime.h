// The runtime's public API in one include: Engine → Module::load → Linker
// (host functions, imports) → Store + Instance → Func calls. See
// runtime/README.md.
#pragma once

#include "wasmaot/runtime/engine.h"
#include "wasmaot/runtime/extern.h"
#include "wasmaot/runtime/func.h"
#include "wasmaot/runtime/global.h"
#include "wasmaot/runtime/host_func.h"
#include "wasmaot/runtime/instance.h"
#include "wasmaot/runtime/linker.h"
#include "wasmaot/runtime/memory.h"
#include "wasmaot/runtime/module.h"
#include "wasmaot/runtime/store.h"
#include "wasmaot/runtime/table.h"
#include "wasmaot/runtime/trap.h"
#include "wasmaot/runtime/val.h"
#include "wasmaot/runtime/version.h"
#include "wasmaot/runtime/wasi.h"
