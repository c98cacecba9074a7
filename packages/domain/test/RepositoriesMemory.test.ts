/** The repository contract suites, run against the in-memory adapters. */
import { DomainMemory } from "../src/testing.js"
import { repositoryContracts } from "../contracts/index.js"

repositoryContracts("memory", DomainMemory.layerRepositories)
