// The batch engine's part of the addon: adds batchRun, batchRunSync and batchIsas to `exports`.
#ifndef BSML_ADDON_BATCH_H
#define BSML_ADDON_BATCH_H

#include <napi.h>

void RegisterBatch(Napi::Env env, Napi::Object exports);

#endif
