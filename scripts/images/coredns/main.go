// Command coredns is the cluster DNS of the offline kind node image: CoreDNS with only the
// plugins of the Corefile kubeadm writes (errors, health, ready, kubernetes, prometheus,
// forward, cache, loop, reload, loadbalance) and log, instead of all of CoreDNS's plugins
// and their cloud SDKs, which double its compile. A Corefile naming another plugin fails
// at start with "plugin not installed"; add its import here.
package main

import (
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/forward"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/metrics"
	_ "github.com/coredns/coredns/plugin/ready"
	_ "github.com/coredns/coredns/plugin/reload"
)

func main() {
	coremain.Run()
}
