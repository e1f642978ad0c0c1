import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, memoryFs } from './helpers';

const STACK = `version: "3.8"

x-logging: &logging
  driver: json-file
  options:
    max-size: "10m"
    max-file: "3"

services:
  proxy:
    image: traefik:v3.1
    ports:
      - target: 80
        published: 80
        mode: host
      - "443:443"
      - "8080:8080/tcp"
    networks: [public, internal]
    configs:
      - source: traefik_conf
        target: /etc/traefik/traefik.yml
    logging: *logging
    deploy:
      mode: global
      placement:
        constraints:
          - node.role == manager
          - node.platform.os == linux
      update_config:
        parallelism: 1
        delay: 10s
        order: start-first
        failure_action: rollback
        monitor: 30s
        max_failure_ratio: 0.1
      rollback_config:
        parallelism: 1
        failure_action: pause
      restart_policy:
        condition: on-failure
        delay: 5s
        max_attempts: 3
        window: 2m

  api:
    image: registry.example.com/shop/api:2.4.1
    networks:
      internal:
        aliases: [backend]
    secrets:
      - db_password
      - source: api_key
        target: /run/secrets/api.key
        mode: 0400
    stop_grace_period: 1m30s
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:8000/health"]
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 40s
    ulimits:
      nproc: 65535
      nofile:
        soft: 20000
        hard: 40000
    logging: *logging
    deploy:
      replicas: 3
      endpoint_mode: vip
      resources:
        limits:
          cpus: "1.5"
          memory: 512M
        reservations:
          memory: 256M
      placement:
        max_replicas_per_node: 2
        constraints:
          - node.labels.tier == backend
          - node.hostname != build-01
        preferences:
          - spread: node.labels.zone

  db:
    image: postgres:16.4
    networks: [internal]
    volumes:
      - pgdata:/var/lib/postgresql/data
    secrets: [db_password]
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    deploy:
      endpoint_mode: dnsrr
      placement:
        constraints: [node.labels.db == true]

  migrate:
    image: registry.example.com/shop/api:2.4.1
    command: ["./migrate", "up"]
    networks: [internal]
    secrets: [db_password]
    deploy:
      mode: replicated-job
      replicas: 1
      restart_policy:
        condition: none

networks:
  public:
    driver: overlay
  internal:
    driver: overlay
    attachable: true

volumes:
  pgdata:

secrets:
  db_password:
    file: ./secrets/db_password.txt
  api_key:
    external: true

configs:
  traefik_conf:
    file: ./traefik.yml
`;

test('a clean, realistic stack file has no diagnostics at all', () => {
  const fs = memoryFs({ '/srv/shop/secrets/db_password.txt': 'hunter2\n', '/srv/shop/traefik.yml': 'entryPoints: {}\n' });
  assert.deepEqual(check(STACK, 'stack', { fs, filePath: '/srv/shop/docker-stack.yml' }), []);
});

test('the same file fails once a secret file goes missing (the clean case can fail)', () => {
  const fs = memoryFs({ '/srv/shop/traefik.yml': 'entryPoints: {}\n' });
  const d = check(STACK, 'stack', { fs, filePath: '/srv/shop/docker-stack.yml' });
  assert.deepEqual(
    d.map((x) => x.code),
    ['stack-file-missing'],
  );
});
