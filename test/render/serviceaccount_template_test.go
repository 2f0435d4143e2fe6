package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	rbacv1 "k8s.io/api/rbac/v1"

	"github.com/escron/escron/test/internal/render"
)

func TestServiceAccounts(t *testing.T) {
	runCases(t, []renderCase{
		{name: "a service account created and used", values: "serviceAccount: {create: true, name: backup-runner, labels: {team: data}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ServiceAccounts, 1)
				sa := objs.ServiceAccounts[0]
				assert.Equal(t, "backup-runner", sa.Name)
				assert.Equal(t, "data", sa.Labels["team"])
				assert.Equal(t, ptr(false), sa.AutomountServiceAccountToken)
				assert.Equal(t, "backup-runner", podSpec(onlyCronJob(t, objs)).ServiceAccountName)
			}},
		{name: "automount null is false, on the account and on the pods", values: "serviceAccount: {create: true, automount: null}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ServiceAccounts, 1)
				assert.Equal(t, ptr(false), objs.ServiceAccounts[0].AutomountServiceAccountToken)
				assert.Equal(t, ptr(false), podSpec(onlyCronJob(t, objs)).AutomountServiceAccountToken)
			}},
		{name: "one account per job, each with its own identity", values: `serviceAccount: {create: true}
jobs:
  a: {serviceAccount: {annotations: {iam.gke.io/gcp-service-account: a@p.iam.gserviceaccount.com}}}
  b: {serviceAccount: {annotations: {iam.gke.io/gcp-service-account: b@p.iam.gserviceaccount.com}}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ServiceAccounts, 2)
				for _, job := range []string{"a", "b"} {
					cj := objs.CronJob("demo-escron-" + job)
					require.NotNil(t, cj)
					name := podSpec(cj).ServiceAccountName
					assert.Equal(t, "demo-escron-"+job, name)
					for _, sa := range objs.ServiceAccounts {
						if sa.Name == name {
							assert.Equal(t, job+"@p.iam.gserviceaccount.com", sa.Annotations["iam.gke.io/gcp-service-account"])
						}
					}
				}
			}},
		{name: "jobs that name one account share it", values: "serviceAccount: {create: true, name: shared}\njobs: {a: {}, b: {}}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ServiceAccounts, 1)
				assert.Equal(t, "shared", objs.ServiceAccounts[0].Name)
				for _, cj := range objs.CronJobs {
					assert.Equal(t, "shared", podSpec(cj).ServiceAccountName)
				}
			}},
		{name: "a service account name that is no DNS subdomain", values: "serviceAccount: {name: trail-}\n",
			wantErr: []string{`serviceAccount.name is "trail-": a ServiceAccount's name is a DNS subdomain`}},
		{name: "jobs that name one account with different settings", values: "serviceAccount: {create: true, name: shared}\njobs: {a: {}, b: {serviceAccount: {automount: true}}}\n",
			wantErr: []string{`jobs.b.serviceAccount and jobs.a.serviceAccount both create ServiceAccount "shared" with different annotations, labels or automount`}},
	})
}

func TestRBAC(t *testing.T) {
	runCases(t, []renderCase{
		{name: "rules make a Role bound to the job's account; clusterRules a ClusterRole", opts: render.Options{Namespace: "ops"}, values: `serviceAccount: {create: true, automount: true}
rbac:
  rules: [{apiGroups: [""], resources: [pods], verbs: [list, get]}]
  clusterRules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]
jobs: {cleanup: {}}
`,
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.Roles, 1)
				require.Len(t, objs.RoleBindings, 1)
				role, binding := objs.Roles[0], objs.RoleBindings[0]
				assert.Equal(t, "demo-escron-cleanup", role.Name)
				assert.Equal(t, "ops", role.Namespace)
				assert.Equal(t, []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods"}, Verbs: []string{"list", "get"}}}, role.Rules)
				assert.Equal(t, rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: role.Name}, binding.RoleRef)
				assert.Equal(t, []rbacv1.Subject{{Kind: "ServiceAccount", Name: "demo-escron-cleanup", Namespace: "ops"}}, binding.Subjects)
				require.Len(t, objs.ClusterRoles, 1)
				require.Len(t, objs.ClusterRoleBindings, 1)
				assert.Equal(t, "ops-demo-escron-cleanup", objs.ClusterRoles[0].Name, "cluster-wide: the namespace is in the name")
				assert.Empty(t, objs.ClusterRoles[0].Namespace)
				assert.Equal(t, "ClusterRole", objs.ClusterRoleBindings[0].RoleRef.Kind)
				assert.Equal(t, "ops", objs.ClusterRoleBindings[0].Subjects[0].Namespace)
			},
			notes: func(t *testing.T, notes string) {
				assert.NotContains(t, notes, "is not mounted")
			}},
		{name: "rules with the token not mounted: NOTES say so", values: "serviceAccount: {create: true}\nrbac: {rules: [{apiGroups: [''], resources: [pods], verbs: [list]}]}\n",
			notes: func(t *testing.T, notes string) {
				assert.Contains(t, notes, "rbac grants rules to ServiceAccount demo-escron, whose token is not mounted")
			}},
		{name: "a ClusterRole's name holds the namespace, cut to 253 with a hash", opts: render.Options{Namespace: strings.Repeat("n", 245)}, values: "serviceAccount: {create: true}\nrbac: {clusterRules: [{apiGroups: [''], resources: [nodes], verbs: [get]}]}\n",
			check: func(t *testing.T, objs *render.Objects) {
				require.Len(t, objs.ClusterRoles, 1)
				name := objs.ClusterRoles[0].Name
				assert.Len(t, name, 253)
				assert.Regexp(t, `^n{244}-[0-9a-f]{8}$`, name, "245 + 12 would be 257")
				assert.Equal(t, name, objs.ClusterRoleBindings[0].RoleRef.Name)
			}},
		{name: "no RBAC objects without rules",
			check: func(t *testing.T, objs *render.Objects) {
				assert.Empty(t, objs.Roles)
				assert.Empty(t, objs.ClusterRoles)
			}},
		{name: "rules for the namespace's default account", values: "rbac: {rules: [{apiGroups: [''], resources: [pods], verbs: [list]}]}\n",
			wantErr: []string{"rbac grants rules to the job's ServiceAccount, which is the namespace's default", "serviceAccount.create: true"}},
		{name: "typo in a rule", values: "serviceAccount: {create: true}\nrbac: {rules: [{apiGroup: [''], resources: [pods], verbs: [list]}]}\n",
			wantErr: []string{"rbac.rules[0].apiGroup: no such key in rbac.rules[0]; did you mean rbac.rules[0].apiGroups?"}},
	})
}
