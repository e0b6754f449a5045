// Checks every object of rendered manifests (kubectl kustomize output) against the API schema of its kind:
// the Kubernetes API from kubernetes-models, KEDA's and the Prometheus Operator's CRDs from @kubernetes-models.
// Usage: node validate.mjs FILE.yaml...   Prints one line per object; exit 1 when any object is invalid.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const CRDS = {
  "keda.sh": "@kubernetes-models/keda",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

let failed = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = doc.toJSON();
    if (!object) continue;
    const name = `${file}: ${object.kind}/${object.metadata?.name}`;
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
    const module = CRDS[group] ? `${CRDS[group]}/${group}/${version}`
      : group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
    let Model;
    try {
      Model = (await import(module))[object.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      failed++;
      console.log(`FAIL ${name}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok   ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
