/**
 * A stack of one responder per node (max_replicas_per_node: 1) on the stack's default overlay network: every
 * connection to `port` is answered with the task's node hostname. `published`: also published on the ingress mesh.
 */
export function echoStackFile(port: number, replicas: number, published?: number): string {
  const ports = published === undefined ? '' : `    ports:\n      - { target: ${port}, published: ${published}, mode: ingress }\n`;
  return `services:
  echo:
    image: probe/busybox:1
    command: ["nc", "-ll", "-p", "${port}", "-e", "hostname"]
    hostname: "{{.Node.Hostname}}"
    stop_grace_period: 1s
${ports}    deploy:
      replicas: ${replicas}
      placement:
        max_replicas_per_node: 1
`;
}
