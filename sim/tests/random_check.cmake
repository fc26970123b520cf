# `tessera sim --check` on a `tessera random` file, its fabric set to what
# the tool's engine is built for (256-bit beats, 4 KiB units; the random
# node count, 1..8, node size and scrub stay). Exit 0 or 1 (random files
# fail some networks on purpose) is the RTL agreeing with the model; 3 is a
# difference, 4 a failed simulation.
# -DTOOL=<tessera> -DSEED=<n> -DOUT=<file to write>
execute_process(COMMAND ${TOOL} random --seed ${SEED} RESULT_VARIABLE status OUTPUT_VARIABLE text)
if(NOT status STREQUAL 0)
  message(FATAL_ERROR "tessera random --seed ${SEED}: exit status ${status}")
endif()
string(REGEX REPLACE "data_width: [0-9]+" "data_width: 256" text "${text}")
string(REGEX REPLACE "alloc_unit: [0-9]+" "alloc_unit: 4096" text "${text}")
file(WRITE "${OUT}" "${text}")
execute_process(COMMAND ${TOOL} sim ${OUT} --check RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT (status STREQUAL 0 OR status STREQUAL 1))
  message(FATAL_ERROR "tessera sim ${OUT} --check (tessera random --seed ${SEED}, fabric rewritten): exit status ${status}\n${out}\n${err}")
endif()
if(NOT out MATCHES "check: the RTL agrees with the golden model")
  message(FATAL_ERROR "no check verdict:\n${out}\n${err}")
endif()
