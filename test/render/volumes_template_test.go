package render_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/escron/escron/test/internal/render"
)

func TestVolumes(t *testing.T) {
	bigScript := strings.Repeat("#", 1048576)
	binary := base64.StdEncoding.EncodeToString([]byte{0, 1, 2, 0xff, '\n'})
	runCases(t, []renderCase{
		{name: "configmap items: mounted by subPath, with or without a trailing slash, content verbatim", values: `configmaps:
  conf:
    mountpath: /etc/app
    data:
      settings: {subPath: settings.yaml, mode: 0400, content: "greeting: '{{ .Release.Name }}'\n"}
  bin:
    mountpath: /usr/local/bin/
    data:
      run: {subPath: run.sh, content: "#!/bin/sh\n  indented  \n\ttab\n\n\nno trailing newline"}
`,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				c := mainContainer(t, cj)
				settings := mountAt(c, "/etc/app/settings.yaml")
				require.NotNil(t, settings)
				assert.Equal(t, "settings", settings.SubPath)
				assert.True(t, settings.ReadOnly)
				require.NotNil(t, mountAt(c, "/usr/local/bin/run.sh"))
				assert.Equal(t, ptr(int32(0o400)), volumeNamed(podSpec(cj), "cm-conf").ConfigMap.Items[0].Mode)
				assert.Equal(t, ptr(int32(0o555)), volumeNamed(podSpec(cj), "cm-bin").ConfigMap.Items[0].Mode, "the default mode")
				assert.Equal(t, "demo-escron-conf", volumeNamed(podSpec(cj), "cm-conf").ConfigMap.Name)
				conf := objs.ConfigMap("demo-escron-conf")
				require.NotNil(t, conf)
				assert.Equal(t, "greeting: '{{ .Release.Name }}'\n", conf.Data["settings"], "content is never templated")
				assert.Equal(t, "#!/bin/sh\n  indented  \n\ttab\n\n\nno trailing newline", objs.ConfigMap("demo-escron-bin").Data["run"])
			}},
		{name: "mode 0 is written as 0", values: "configmaps: {s: {mountpath: /opt, data: {f: {subPath: f, content: x, mode: 0}}}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Equal(t, ptr(int32(0)), volumeNamed(podSpec(onlyCronJob(t, objs)), "cm-s").ConfigMap.Items[0].Mode)
			}},
		{name: "files of an existing ConfigMap and an existing Secret", values: `configmaps:
  shared: {mountpath: /opt/lib, existingConfigMap: team-scripts, data: {lib: {subPath: lib.sh}}}
  creds: {mountpath: /etc/creds, existingSecret: backup-creds, data: {token: {subPath: token, mode: 0400}}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Empty(t, objs.ConfigMaps, "nothing to create")
				shared := volumeNamed(podSpec(cj), "cm-shared")
				require.NotNil(t, shared)
				assert.Equal(t, "team-scripts", shared.ConfigMap.Name)
				assert.Equal(t, "lib", shared.ConfigMap.Items[0].Key)
				creds := volumeNamed(podSpec(cj), "cm-creds")
				require.NotNil(t, creds)
				assert.Equal(t, "backup-creds", creds.Secret.SecretName)
				assert.Equal(t, ptr(int32(0o400)), creds.Secret.Items[0].Mode)
				require.NotNil(t, mountAt(mainContainer(t, cj), "/etc/creds/token"))
				assert.Equal(t, "token", mountAt(mainContainer(t, cj), "/etc/creds/token").SubPath)
			}},
		{name: "binary files", values: fmt.Sprintf("configmaps: {bin: {mountpath: /opt, data: {run: {subPath: run.sh, content: 'echo'}}, binaryData: {blob: {subPath: blob.bin, content: %s}}}}\n", binary),
			check: func(t *testing.T, objs *render.Objects) {
				cm := objs.ConfigMap("demo-escron-bin")
				require.NotNil(t, cm)
				assert.Equal(t, []byte{0, 1, 2, 0xff, '\n'}, cm.BinaryData["blob"])
				assert.Equal(t, "echo", cm.Data["run"])
				require.NotNil(t, mountAt(mainContainer(t, onlyCronJob(t, objs)), "/opt/blob.bin"))
			}},
		{name: "no /tmp volume when the root filesystem is writable", values: "mainContainer:\n  securityContext:\n    readOnlyRootFilesystem: false\n",
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Nil(t, mountAt(mainContainer(t, cj), "/tmp"))
				assert.Nil(t, volumeNamed(podSpec(cj), "tmp"))
			}},
		{name: "the user's own /tmp volume replaces escron's", values: `extraVolumes: [{name: scratch, emptyDir: {medium: Memory}}]
extraVolumeMounts: [{name: scratch, mountPath: /tmp}]`,
			check: func(t *testing.T, objs *render.Objects) {
				cj := onlyCronJob(t, objs)
				assert.Nil(t, volumeNamed(podSpec(cj), "tmp"))
				assert.Equal(t, "scratch", mountAt(mainContainer(t, cj), "/tmp").Name)
			}},
		{name: "one MiB per ConfigMap, not summed over them", values: fmt.Sprintf("configmaps: {a: {mountpath: /a, data: {f: {subPath: f, content: %q}}}, b: {mountpath: /b, data: {f: {subPath: f, content: %q}}}}\n", bigScript[:700000], bigScript[:700000]),
			check: func(t *testing.T, objs *render.Objects) {
				assert.Len(t, objs.ConfigMaps, 2)
			}},
		{name: "relative mount path", values: "configmaps: {s: {mountpath: opt/, data: {a: {subPath: a.sh, content: x}}}}",
			wantErr: []string{`configmaps.s.mountpath is "opt/"`, "an absolute directory"}},
		{name: "mount path with ..", values: "configmaps: {s: {mountpath: /opt/../etc, data: {a: {subPath: a.sh, content: x}}}}",
			wantErr: []string{`configmaps.s.mountpath is "/opt/../etc"`}},
		{name: "no mount path", values: "configmaps: {s: {data: {a: {subPath: a.sh, content: x}}}}",
			wantErr: []string{"configmaps.s.mountpath is required"}},
		{name: "subPath that climbs", values: "configmaps: {s: {mountpath: /opt, data: {a: {subPath: ../a.sh, content: x}}}}",
			wantErr: []string{`configmaps.s.data.a.subPath is "../a.sh"`, "relative, without '..'"}},
		{name: "subPath null", values: "configmaps: {s: {mountpath: /opt, data: {a: {subPath: null, content: x}}}}",
			wantErr: []string{`configmaps.s.data.a.subPath is "": the file's path under mountpath`}},
		{name: "a binary item without content", values: "configmaps: {s: {mountpath: /opt, binaryData: {a: {subPath: a.bin}}}}",
			wantErr: []string{"configmaps.s.binaryData.a.content is required: the file's bytes, base64-encoded"}},
		{name: "a configmaps key of 63 characters", values: "configmaps: {" + strings.Repeat("k", 63) + ": {mountpath: /opt, data: {a: {subPath: a.sh, content: x}}}}",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ConfigMaps, 1)
				for _, v := range podSpec(onlyCronJob(t, objs)).Volumes {
					assert.LessOrEqual(t, len(v.Name), 63)
				}
			}},
		{name: "a configmaps key of 64 characters", values: "configmaps: {" + strings.Repeat("k", 64) + ": {mountpath: /opt, data: {a: {subPath: a.sh, content: x}}}}",
			wantErr: []string{"a configmaps key is a DNS label", "at most 63 characters"}},
		{name: "item without content", values: "configmaps: {s: {mountpath: /opt, data: {a: {subPath: a.sh}}}}",
			wantErr: []string{"configmaps.s.data.a.content is required: the file's text"}},
		{name: "an entry without files", values: "configmaps: {s: {mountpath: /opt, data: {}}}",
			wantErr: []string{"configmaps.s has no files"}},
		{name: "item key ..", values: "configmaps: {s: {mountpath: /opt, data: {'..': {subPath: a.sh, content: x}}}}",
			wantErr: []string{"configmaps.s.data[\"..\"]: an item's key", "neither '.' nor starting with '..'"}},
		{name: "item key ..data", values: "configmaps: {s: {mountpath: /opt, data: {'..data': {subPath: a.sh, content: x}}}}",
			wantErr: []string{"configmaps.s.data[\"..data\"]: an item's key"}},
		{name: "an item key of 253 characters", values: "configmaps: {s: {mountpath: /opt, data: {" + strings.Repeat("k", 253) + ": {subPath: a.sh, content: x}}}}",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ConfigMaps, 1)
				assert.Equal(t, "x", objs.ConfigMaps[0].Data[strings.Repeat("k", 253)])
			}},
		{name: "an item key of 254 characters", values: "configmaps: {s: {mountpath: /opt, data: {" + strings.Repeat("k", 254) + ": {subPath: a.sh, content: x}}}}",
			wantErr: []string{"configmaps.s.data." + strings.Repeat("k", 254) + ": an item's key", "at most 253 characters"}},
		{name: "item key with a slash", values: "configmaps: {s: {mountpath: /opt, data: {'a/b': {subPath: a.sh, content: x}}}}",
			wantErr: []string{"configmaps.s.data[\"a/b\"]: an item's key"}},
		{name: "configmaps key with capitals", values: "configmaps: {Scripts: {mountpath: /opt, data: {a: {subPath: a.sh, content: x}}}}",
			wantErr: []string{"configmaps.Scripts: a configmaps key is a DNS label"}},
		{name: "file mode out of range", values: "configmaps: {s: {mountpath: /opt, data: {a: {subPath: a.sh, content: x, mode: 1000}}}}",
			wantErr: []string{"configmaps.s.data.a.mode is 1000: it takes a whole number from 0 to 511"}},
		{name: "content beside an existing ConfigMap", values: "configmaps: {s: {mountpath: /opt, existingConfigMap: team, data: {a: {subPath: a.sh, content: x}}}}",
			wantErr: []string{"configmaps.s.data.a.content is set, but the files come from \"team\""}},
		{name: "an existing ConfigMap and Secret at once", values: "configmaps: {s: {mountpath: /opt, existingConfigMap: a, existingSecret: b, data: {a: {subPath: a.sh}}}}",
			wantErr: []string{"configmaps.s sets both existingConfigMap and existingSecret"}},
		{name: "binaryData that is not base64", values: "configmaps: {s: {mountpath: /opt, binaryData: {a: {subPath: a.bin, content: 'not base64!'}}}}",
			wantErr: []string{"configmaps.s.binaryData.a.content is not base64"}},
		{name: "one key in data and binaryData", values: "configmaps: {s: {mountpath: /opt, data: {a: {subPath: a.sh, content: x}}, binaryData: {a: {subPath: a.bin, content: eA==}}}}",
			wantErr: []string{"configmaps.s.binaryData.a: the key is also in configmaps.s.data"}},
		{name: "ConfigMap over 1 MiB", values: fmt.Sprintf("configmaps: {big: {mountpath: /opt, data: {a: {subPath: a.sh, content: %q}}}}", bigScript),
			wantErr: []string{"configmaps.big holds 1048577 bytes", "at most 1048576 bytes (1 MiB)"}},
		{name: "two files at one path", values: "configmaps: {a: {mountpath: /opt, data: {first: {subPath: run.sh, content: a}}}, b: {mountpath: /opt/, data: {second: {subPath: run.sh, content: b}}}}",
			wantErr: []string{"configmaps.b.data.second mounts at /opt/run.sh", "configmaps.a.data.first is already mounted"}},
		{name: "an extra volume named like the chart's /tmp", values: "extraVolumes: [{name: tmp, emptyDir: {}}]\n",
			wantErr: []string{`extraVolumes[0].name is "tmp", a volume name the chart (the writable /tmp) already uses`}},
		{name: "an extra volume named like a script volume", values: "configmaps: {s: {mountpath: /opt, data: {a: {subPath: a.sh, content: x}}}}\nextraVolumes: [{name: cm-s, emptyDir: {}}]\n",
			wantErr: []string{`extraVolumes[0].name is "cm-s"`}},
		{name: "two extra volumes of one name", values: "extraVolumes: [{name: x, emptyDir: {}}, {name: x, emptyDir: {}}]\n",
			wantErr: []string{`extraVolumes[1].name is "x", a volume name extraVolumes[0] already uses`}},
		{name: "an extra mount on a script's path", values: "configmaps: {s: {mountpath: /opt, data: {a: {subPath: a.sh, content: x}}}}\nextraVolumes: [{name: x, emptyDir: {}}]\nextraVolumeMounts: [{name: x, mountPath: /opt/a.sh}]\n",
			wantErr: []string{`extraVolumeMounts[0].mountPath is "/opt/a.sh", where configmaps.s.data.a is mounted`}},
		{name: "a mount whose volume a job's extraVolumes replaced", values: "extraVolumes: [{name: scratch, emptyDir: {}}]\nextraVolumeMounts: [{name: scratch, mountPath: /data}]\njobs: {a: {extraVolumes: [{name: cache, emptyDir: {}}]}}\n",
			wantErr: []string{`jobs.a.extraVolumeMounts[0].name is "scratch": no volume of that name (the pod's are cache, tmp)`, "a job's extraVolumes replace the root's"}},
		{name: "an init container's mount of a missing volume", values: "initContainers: [{name: i, image: busybox, volumeMounts: [{name: nope, mountPath: /x}]}]\n",
			wantErr: []string{`initContainers[0].volumeMounts[0].name is "nope": no volume of that name`}},
		{name: "typo in a volume mount", values: "extraVolumeMounts: [{name: x, mountpath: /x}]\n",
			wantErr: []string{"extraVolumeMounts[0].mountpath: no such key in extraVolumeMounts[0]; did you mean extraVolumeMounts[0].mountPath?"}},
	})
}

// TestContentVerbatim: a script holds exactly what the values held, whatever its
// characters; Helm's toYaml drops or changes some of them.
func TestContentVerbatim(t *testing.T) {
	for name, content := range map[string]string{
		"DEL":                  "echo a\x7fb\n",
		"U+FFFE":               "echo \ufffe\n",
		"U+FFFF":               "echo \uffff\n",
		"U+009F":               "echo \u009f\n",
		"NEL":                  "echo a\u0085b\n",
		"line separator":       "echo a\u2028b\n",
		"paragraph separator":  "echo a\u2029b\n",
		"byte order mark":      "\ufeffecho bom\n",
		"C1 control":           "echo \u0090\n",
		"CRLF":                 "#!/bin/sh\r\necho crlf\r\n",
		"NUL":                  "a\x00b",
		"escape":               "printf '\x1b[31mred\x1b[0m'\n",
		"trailing spaces":      "echo a   \n   \n",
		"leading spaces":       "   indented first line\nsecond\n",
		"trailing newlines":    "echo\n\n\n",
		"YAML-looking content": "key: value\n- item\n---\n...\n# comment\n",
		"unicode":              "echo héllo wörld 日本 🎉\n",
		"empty":                "",
	} {
		t.Run(name, func(t *testing.T) {
			doc := fmt.Sprintf("configmaps: {s: {mountpath: /opt, data: {run: {subPath: run.sh, content: %q}}}}\npodAnnotations: {note: %q, other: kept}\n", content, content)
			objs := renderValues(t, doc)
			require.Len(t, objs.ConfigMaps, 1)
			assert.Equal(t, content, objs.ConfigMaps[0].Data["run"], "byte for byte")
			annotations := onlyCronJob(t, objs).Spec.JobTemplate.Spec.Template.Annotations
			assert.Equal(t, content, annotations["note"])
			assert.Equal(t, "kept", annotations["other"], "the other annotations stay")
		})
	}
}

// TestMountOrder: the main container's mounts come in one order, whatever the map
// order of the values: each configmaps entry by key, its files by item key, then /tmp,
// then extraVolumeMounts as listed.
func TestMountOrder(t *testing.T) {
	objs := renderValues(t, `configmaps:
  b: {mountpath: /b, data: {q: {subPath: q.sh, content: q}, p: {subPath: p.sh, content: p}}}
  a: {mountpath: /a, data: {r: {subPath: r.sh, content: r}}}
extraVolumes: [{name: extra, emptyDir: {}}]
extraVolumeMounts: [{name: extra, mountPath: /extra2}, {name: extra, mountPath: /extra1}]
`)
	var paths []string
	for _, m := range mainContainer(t, onlyCronJob(t, objs)).VolumeMounts {
		paths = append(paths, m.MountPath)
	}
	assert.Equal(t, []string{"/a/r.sh", "/b/p.sh", "/b/q.sh", "/tmp", "/extra2", "/extra1"}, paths)
}
