#!/usr/bin/env node
// Builds the libraries, the api and the web app through Nx (cached, no cloud, no daemon).
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false', NX_SKIP_NX_CACHE: process.env.NX_SKIP_NX_CACHE ?? 'false' };
const result = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=crypto,domain,api,web', '--outputStyle=static'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
