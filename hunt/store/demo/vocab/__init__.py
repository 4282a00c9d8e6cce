"""Vocabularies of the demo tenant, as data: names, organisations, process images and
behaviours, network destinations, registry keys, mail, cloud activity, alerts."""
