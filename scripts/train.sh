#!/usr/bin/env bash
# Trains the Rasa model when its inputs changed since the last training, not otherwise.
# The inputs' content hash (not file times, which a fresh clone resets) decides.
set -euo pipefail
cd "$(dirname "$0")/.."

MODEL_DIR=models
MODEL_NAME=ki-assistant
inputs_hash() {
  # Everything that goes into the model: data, lexicons, the nlu code and components, domain,
  # config, the reference list of municipalities, the Rasa lock.
  find nlu/data nlu/lexicon nlu/components dialogue -type f \( -name '*.yml' -o -name '*.py' \) -print0 \
    | sort -z | xargs -0 sha256sum
  sha256sum domain.yml config.yml nlu/*.py \
    offer_db/data/municipalities.csv requirements/rasa.lock.txt
}
HASH=$(inputs_hash | sha256sum | cut -d' ' -f1)
if [ -f "$MODEL_DIR/$MODEL_NAME.tar.gz" ] && [ "$(cat "$MODEL_DIR/.inputs.sha256" 2>/dev/null)" = "$HASH" ]; then
  echo "model is up to date ($MODEL_DIR/$MODEL_NAME.tar.gz)"
  exit 0
fi
echo "training the model (inputs changed)"
mkdir -p "$MODEL_DIR"
start=$(date +%s)
RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 .venv-rasa/bin/rasa train --data nlu/data dialogue --domain domain.yml --config config.yml \
  --out "$MODEL_DIR" --fixed-model-name "$MODEL_NAME" --quiet
echo "$HASH" > "$MODEL_DIR/.inputs.sha256"
echo "trained in $(( $(date +%s) - start )) s"
